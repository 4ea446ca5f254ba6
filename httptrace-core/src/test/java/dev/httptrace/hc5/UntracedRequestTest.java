package dev.httptrace.hc5;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests without a trace run exactly as on a plain HttpClient 5; the thread scope traces them. */
class UntracedRequestTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private final LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS).respond("/teapot", 418, "short and stout");

    private final PooledClient traced = PooledClient.of(TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext())));

    private final CloseableHttpClient plain = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext())).build())
            .build();

    @AfterEach
    void close() throws Exception {
        traced.close();
        plain.close();
        server.close();
    }

    private static String exchange(CloseableHttpClient client, String url) throws Exception {
        return client.execute(new HttpGet(url), (ClassicHttpResponse response) -> response.getCode() + " "
                + response.getFirstHeader("Content-Length").getValue() + " " + EntityUtils.toString(response.getEntity()));
    }

    @Test
    void sameResponsesAsAPlainClient() throws Exception {
        for (String path : new String[] {"/", "/teapot", "/missing"}) {
            String url = server.url("localhost", path);
            assertThat(exchange(traced.client(), url)).isEqualTo(exchange(plain, url));
        }
    }

    @Test
    void untracedRequestsStillPoolTheirConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            exchange(traced.client(), server.url("localhost", "/"));
        }

        assertThat(traced.pool().getTotalStats().getAvailable()).isEqualTo(1);
        assertThat(traced.pool().getTotalStats().getLeased()).isZero();
    }

    @Test
    void threadScopeTracesARequestWithoutContext() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(trace)) {
            exchange(traced.client(), server.url("localhost", "/"));
        }
        exchange(traced.client(), server.url("localhost", "/"));

        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
    }

    @Test
    void contextTraceRunsBeforeTheScopeTrace() throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();

        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                sequence.add("scope");
            }
        })) {
            TracedCalls.get(traced.client(), server.url("localhost", "/"), new ClientTrace() {
                @Override
                public void getConn(String hostPort) {
                    sequence.add("context");
                }
            });
        }

        assertThat(sequence).containsExactly("context", "scope");
    }
}
