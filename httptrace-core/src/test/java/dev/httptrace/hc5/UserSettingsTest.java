package dev.httptrace.hc5;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HttpClient settings users make on the builder are honoured, and traced through. */
class UserSettingsTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start()
            .respondSlowly("/slow", Duration.ofSeconds(2), "late");

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void customDnsResolverIsUsedAndTraced() throws Exception {
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (host.equals("service.internal")) {
                    return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                }
                throw new UnknownHostException(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
        try (CloseableHttpClient client = TracingHttpClients.custom().setDnsResolver(resolver).build()) {
            RecordingClientTrace trace = new RecordingClientTrace();

            TracedCalls.Result result = TracedCalls.get(client, server.url("service.internal", "/"), trace);

            assertThat(result.body()).isEqualTo("hello");
            assertThat(trace.first(DnsDone.class).info().addrs()).containsExactly(InetAddress.getByName("127.0.0.1"));
        }
    }

    @Test
    void proxyIsTheFirstHop() throws Exception {
        List<String> proxied = new CopyOnWriteArrayList<>();
        try (ScriptedServer proxy = ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                proxied.add(request.method() + " " + request.target());
                c.writeResponse(200, "via proxy");
            }
        }); CloseableHttpClient client = TracingHttpClients.custom()
                .setProxy(new HttpHost("127.0.0.1", proxy.port()))
                .build()) {
            RecordingClientTrace trace = new RecordingClientTrace();

            TracedCalls.Result result = TracedCalls.get(client, "http://origin.test:8080/page", trace);

            assertThat(result.body()).isEqualTo("via proxy");
            assertThat(proxied).containsExactly("GET http://origin.test:8080/page");
            assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("127.0.0.1:" + proxy.port());
            assertThat(trace.names()).doesNotContain("dnsStart");
        }
    }

    @Test
    void socketTimeoutFromConnectionConfigApplies() throws Exception {
        try (CloseableHttpClient client = TracingHttpClients.custom()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setSocketTimeout(Timeout.ofMilliseconds(200)).build())
                .build()) {
            RecordingClientTrace trace = new RecordingClientTrace();

            assertThatThrownBy(() -> TracedCalls.get(client, server.url("/slow"), trace))
                    .isInstanceOf(SocketTimeoutException.class);

            assertThat(trace.names()).endsWith("wroteRequest").doesNotContain("gotFirstResponseByte", "putIdleConn");
        }
    }

    @Test
    void poolLimitsApply() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (ScriptedServer counting = ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                Thread.sleep(50);
                c.writeResponse(200, request.target());
            }
        }); PooledClient pooled = PooledClient.of(TracingHttpClients.custom().setMaxConnPerRoute(1).setMaxConnTotal(1))) {
            List<Future<TracedCalls.Result>> results = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(threads.submit(() -> TracedCalls.get(pooled.client(), counting.url("/"), new RecordingClientTrace())));
            }
            for (Future<TracedCalls.Result> result : results) {
                assertThat(result.get().status()).isEqualTo(200);
            }

            assertThat(counting.connectionCount()).isEqualTo(1);
            assertThat(pooled.pool().getMaxTotal()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }
}
