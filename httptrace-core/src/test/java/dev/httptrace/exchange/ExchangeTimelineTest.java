package dev.httptrace.exchange;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.exchange.ExchangeTimeline.Mark;
import dev.httptrace.exchange.ExchangeTimeline.Outcome;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace.Recorded;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline of every flow, against real loopback servers: each stamp lies between the recorder's stamp of the
 * same hook and of the next one (the recorder runs first), the phases that did not happen are {@code -1} (or
 * {@code 0} for send, wait, receive), none is negative, and they add up to the total.
 */
class ExchangeTimelineTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private final List<ExchangeTimeline> done = new CopyOnWriteArrayList<>();

    private final ExchangeTraceFactory factory = new ExchangeTraceFactory(List.of(exchange -> done.add(exchange.copy())));

    @AutoClose
    final Closeables closeables = new Closeables();

    private RecordingClientTrace recording = new RecordingClientTrace();


    private CloseableHttpClient client(RequestConfig requestConfig, ConnectionConfig connectionConfig) {
        return closeables.add(TracingHttpClients.custom()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                .setDefaultRequestConfig(requestConfig).setDefaultConnectionConfig(connectionConfig)
                .setWaitForContinue(Timeout.ofMilliseconds(500)).setMaxConnTotal(1).setMaxConnPerRoute(1).build());
    }

    private CloseableHttpClient client() {
        return client(RequestConfig.DEFAULT, ConnectionConfig.DEFAULT);
    }

    /** Runs the request with the recorder first and the timeline after it; returns the client's error, if any. */
    private @Nullable Throwable run(CloseableHttpClient client, ClassicHttpRequest request) throws Exception {
        recording = new RecordingClientTrace();
        ClientTrace trace = recording.andThen(factory.create(new TracedRequest(request.getMethod(), request.getUri(), Map.of())));
        try {
            client.execute(request, HttpTrace.withClientTrace(HttpClientContext.create(), trace),
                    response -> EntityUtils.toString(response.getEntity()));
            return null;
        } catch (IOException ex) {
            return ex;
        }
    }

    private ExchangeTimeline only() {
        assertThat(done).hasSize(1);
        ExchangeTimeline exchange = done.remove(0);
        assertMatchesRecording(exchange, recording);
        assertPhasesAddUp(exchange);
        return exchange;
    }

    @Test
    void freshHttp() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/orders/7", 200, "seven");

        assertThat(run(client(), new HttpGet(server.url("localhost", "/orders/7?token=secret")))).isNull();

        ExchangeTimeline exchange = only();
        assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.exception()).isNull();
        assertThat(exchange.reused()).isFalse();
        assertThat(exchange.idle()).isNull();
        assertThat(exchange.uri()).isEqualTo("http://localhost:" + server.port()).doesNotContain("secret");
        assertThat(exchange.remoteAddress()).endsWith(":" + server.port());
        Phases phases = exchange.phases();
        assertThat(phases.dnsNanos()).isPositive();
        assertThat(phases.connectNanos()).isPositive();
        assertThat(phases.sslNanos()).isEqualTo(Phases.ABSENT);
        assertThat(exchange.tlsProtocol()).isNull();
        assertThat(exchange.tlsCipherSuite()).isNull();
        assertThat(exchange.localAddress()).matches("127\\.0\\.0\\.1:\\d+|\\[[0-9a-f:]+]:\\d+")
                .isNotEqualTo(exchange.remoteAddress());
    }

    @Test
    void freshHttps() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(CERTS)).respond("/", 200, "secure");

        assertThat(run(client(), new HttpGet(server.url("/")))).isNull();

        ExchangeTimeline exchange = only();
        Phases phases = exchange.phases();
        assertThat(phases.dnsNanos()).as("an IP literal is not looked up").isEqualTo(Phases.ABSENT);
        assertThat(phases.sslNanos()).isPositive();
        assertThat(phases.connectNanos()).as("connect includes the handshake").isGreaterThan(phases.sslNanos());
        assertThat(exchange.tlsProtocol()).startsWith("TLSv1.");
        assertThat(exchange.tlsCipherSuite()).startsWith("TLS_");
        assertThat(exchange.uri()).isEqualTo("https://127.0.0.1:" + server.port());
    }

    @Test
    void reusedConnection() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "again");
        CloseableHttpClient client = client();
        assertThat(run(client, new HttpGet(server.url("/")))).isNull();
        String firstConnection = only().localAddress();

        assertThat(run(client, new HttpGet(server.url("/")))).isNull();

        ExchangeTimeline exchange = only();
        assertThat(exchange.reused()).isTrue();
        assertThat(exchange.localAddress()).as("the same connection").isNotNull().isEqualTo(firstConnection);
        assertThat(exchange.idle()).isNotNull();
        assertThat(exchange.connectAttempts()).isZero();
        Phases phases = exchange.phases();
        assertThat(phases.dnsNanos()).isEqualTo(Phases.ABSENT);
        assertThat(phases.connectNanos()).isEqualTo(Phases.ABSENT);
        assertThat(phases.sslNanos()).isEqualTo(Phases.ABSENT);
        assertThat(exchange.remoteAddress()).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void slowServerIsWait() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respondSlowly("/slow", Duration.ofMillis(300), "late");

        assertThat(run(client(), new HttpGet(server.url("/slow")))).isNull();

        // the server sleeps once it has the request, maybe a moment before the client's wroteRequest: send + wait
        Phases phases = only().phases();
        assertThat(phases.sendNanos() + phases.waitNanos()).as("the server slept 300 ms before answering")
                .isGreaterThanOrEqualTo(300_000_000L);
        assertThat(phases.waitNanos()).as("the server's time is wait").isGreaterThan(phases.sendNanos());
    }

    @Test
    void acceptedExpectContinue() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            c.write("HTTP/1.1 100 Continue\r\n\r\n");
            c.readBody(request.contentLength());
            Thread.sleep(50);
            c.writeResponse(201, "created");
        }));
        HttpPost post = new HttpPost(server.url("/orders"));
        post.setEntity(new StringEntity("an order", ContentType.TEXT_PLAIN));

        assertThat(run(client(RequestConfig.custom().setExpectContinueEnabled(true).build(), ConnectionConfig.DEFAULT), post)).isNull();

        ExchangeTimeline exchange = only();
        assertThat(exchange.status()).isEqualTo(201);
        assertThat(exchange.offsetNanos(Mark.GOT_100_CONTINUE)).isPositive();
        // the 100's first byte is not the final response's: wait runs from the body's end to the 201's head. The server
        // sleeps once it has the body, which may be a moment before the client's wroteRequest: bound from gotConn
        Phases phases = exchange.phases();
        assertThat(phases.sendNanos() + phases.waitNanos()).isGreaterThanOrEqualTo(50_000_000L);
        assertThat(phases.sendNanos()).isEqualTo(exchange.offsetNanos(Mark.WROTE_REQUEST) - exchange.offsetNanos(Mark.GOT_CONN));
    }

    @Test
    void refusedConnect() throws Exception {
        int port = LoopbackPorts.closedPort();

        assertThat(run(client(), new HttpGet("http://127.0.0.1:" + port + "/"))).isInstanceOf(ConnectException.class);

        ExchangeTimeline exchange = only();
        assertThat(exchange.outcome()).isEqualTo(Outcome.GET_CONN_FAILED);
        assertThat(exchange.exception()).isEqualTo("ConnectException");
        assertThat(exchange.status()).isZero();
        assertThat(exchange.remoteAddress()).isEqualTo("127.0.0.1:" + port);
        Phases phases = exchange.phases();
        assertThat(phases.connectNanos()).isNotNegative();
        assertThat(phases.sendNanos()).isZero();
        assertThat(phases.waitNanos()).isZero();
        assertThat(phases.receiveNanos()).isZero();
    }

    @Test
    void dnsFailure() throws Exception {
        assertThat(run(client(), new HttpGet("http://timeline-missing.test/"))).isInstanceOf(UnknownHostException.class);

        ExchangeTimeline exchange = only();
        assertThat(exchange.outcome()).isEqualTo(Outcome.GET_CONN_FAILED);
        assertThat(exchange.exception()).isEqualTo("UnknownHostException");
        assertThat(exchange.clientName()).isEqualTo("timeline-missing.test");
        assertThat(exchange.remoteAddress()).isNull();
        assertThat(exchange.localAddress()).isNull();
        Phases phases = exchange.phases();
        assertThat(phases.dnsNanos()).isNotNegative();
        assertThat(phases.connectNanos()).isEqualTo(Phases.ABSENT);
        assertThat(phases.sslNanos()).isEqualTo(Phases.ABSENT);
    }

    @Test
    void poolLeaseTimeoutIsAllBlocked() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start());
        CloseableHttpClient client = client(RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofMilliseconds(200)).build(),
                ConnectionConfig.DEFAULT);
        ClassicHttpResponse holder = client.executeOpen(null, new HttpGet(server.url("/")), HttpClientContext.create());
        try {
            assertThat(run(client, new HttpGet(server.url("/")))).isInstanceOf(ConnectionRequestTimeoutException.class);
        } finally {
            holder.close();
        }

        ExchangeTimeline exchange = only();
        assertThat(exchange.outcome()).isEqualTo(Outcome.GET_CONN_FAILED);
        assertThat(exchange.exception()).isEqualTo("ConnectionRequestTimeoutException");
        Phases phases = exchange.phases();
        assertThat(phases.blockedNanos()).isEqualTo(exchange.total().toNanos()).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(phases.dnsNanos()).isEqualTo(Phases.ABSENT);
        assertThat(phases.connectNanos()).isEqualTo(Phases.ABSENT);
    }

    @Test
    void readTimeoutIsWait() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.readRequest();
            Thread.sleep(5_000);
        }));
        CloseableHttpClient client = client(RequestConfig.DEFAULT,
                ConnectionConfig.custom().setSocketTimeout(Timeout.ofMilliseconds(200)).build());

        assertThat(run(client, new HttpGet(server.url("/")))).isInstanceOf(SocketTimeoutException.class);

        ExchangeTimeline exchange = only();
        assertThat(exchange.outcome()).isEqualTo(Outcome.EXCHANGE_FAILED);
        assertThat(exchange.exception()).isEqualTo("SocketTimeoutException");
        assertThat(exchange.phases().waitNanos()).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(exchange.phases().receiveNanos()).isZero();
    }

    @Test
    void uriTemplatePathWithoutQueryOrAuthority() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/orders/7", 200, "seven");
        HttpGet request = new HttpGet(server.url("/orders/7?token=secret"));
        ExchangeTraceFactory templated = new ExchangeTraceFactory(List.of(exchange -> done.add(exchange.copy())),
                traced -> "http://user:pw@127.0.0.1:" + server.port() + "/orders/{id}?token={token}#top");

        CloseableHttpClient client = client();
        client.execute(request, HttpTrace.withClientTrace(HttpClientContext.create(),
                templated.create(new TracedRequest("GET", request.getUri(), Map.of()))), response -> EntityUtils.toString(response.getEntity()));

        ExchangeTimeline exchange = done.remove(0);
        assertThat(exchange.templatePath()).isEqualTo("/orders/{id}");
        assertThat(exchange.uri()).isEqualTo("http://127.0.0.1:" + server.port() + "/orders/{id}");
    }

    @Test
    void aUriStringWithoutVariablesIsNoTemplate() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/orders/7", 200, "seven");
        HttpGet request = new HttpGet(server.url("/orders/7"));
        // what RestClient reports for .uri("http://127.0.0.1:port/orders/" + id): the expanded path
        TracedRequest traced = new TracedRequest("GET", request.getUri(),
                Map.of(ExchangeTraceFactory.REST_CLIENT_URI_TEMPLATE_ATTRIBUTE, server.url("/orders/7")));

        client().execute(request, HttpTrace.withClientTrace(HttpClientContext.create(), factory.create(traced)),
                response -> EntityUtils.toString(response.getEntity()));

        ExchangeTimeline exchange = done.remove(0);
        assertThat(exchange.templatePath()).isNull();
        assertThat(exchange.uri()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void copiesAreIndependentOfTheNextAttempt() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "ok");
        List<ExchangeTimeline> live = new ArrayList<>();
        ExchangeTraceFactory keepingLive = new ExchangeTraceFactory(List.of(live::add));
        ClientTrace trace = keepingLive.create(new TracedRequest("GET", java.net.URI.create(server.url("/")), Map.of()));
        CloseableHttpClient client = client();
        client.execute(new HttpGet(server.url("/")), HttpTrace.withClientTrace(HttpClientContext.create(), trace),
                response -> EntityUtils.toString(response.getEntity()));
        ExchangeTimeline copy = live.get(0).copy();
        long total = copy.total().toNanos();

        // the same trace again: a new attempt on the same object, which the copy does not see
        client.execute(new HttpGet(server.url("/")), HttpTrace.withClientTrace(HttpClientContext.create(), trace),
                response -> EntityUtils.toString(response.getEntity()));

        assertThat(live).hasSize(2);
        assertThat(copy.reused()).isFalse();
        assertThat(live.get(1).reused()).isTrue();
        assertThat(copy.total().toNanos()).isEqualTo(total);
        assertThat(copy).isNotInstanceOf(ClientTrace.class);
    }

    /** Every stamp lies between the recorder's stamp of its hook and the recorder's next stamp. */
    static void assertMatchesRecording(ExchangeTimeline exchange, RecordingClientTrace recording) {
        List<Recorded> events = recording.recorded();
        long getConn = events.get(0).nanoTime();
        long afterGetConn = events.size() > 1 ? events.get(1).nanoTime() : Long.MAX_VALUE;
        for (Mark mark : Mark.values()) {
            String hook = mark == Mark.END ? exchange.endHook() : mark.hook();
            int index = indexOf(events, hook, mark == Mark.CONNECT_DONE);
            long offset = exchange.offsetNanos(mark);
            if (index < 0) {
                assertThat(offset).as("%s did not fire", hook).isEqualTo(-1);
                continue;
            }
            long from = events.get(index).nanoTime() - afterGetConn;
            long to = (index + 1 < events.size() ? events.get(index + 1).nanoTime() : System.nanoTime()) - getConn;
            assertThat(offset).as("%s", hook).isBetween(Math.min(0, from), to);
        }
    }

    private static int indexOf(List<Recorded> events, String hook, boolean last) {
        int found = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).event().name().equals(hook)) {
                found = i;
                if (!last) {
                    return i;
                }
            }
        }
        return found;
    }

    static void assertPhasesAddUp(ExchangeTimeline exchange) {
        Phases phases = exchange.phases();
        for (long phase : phases.toArray()) {
            assertThat(phase).isGreaterThanOrEqualTo(Phases.ABSENT);
        }
        assertThat(phases.blockedNanos()).isNotNegative();
        assertThat(phases.sendNanos()).isNotNegative();
        assertThat(phases.waitNanos()).isNotNegative();
        assertThat(phases.receiveNanos()).isNotNegative();
        long sum = phases.blockedNanos() + Math.max(0, phases.dnsNanos()) + Math.max(0, phases.connectNanos())
                + phases.sendNanos() + phases.waitNanos() + phases.receiveNanos();
        assertThat(sum).isEqualTo(exchange.total().toNanos());
        assertThat(phases.sslNanos()).isLessThanOrEqualTo(Math.max(0, phases.connectNanos()));
    }
}
