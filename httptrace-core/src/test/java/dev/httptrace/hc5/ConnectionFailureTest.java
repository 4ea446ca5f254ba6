package dev.httptrace.hc5;

import java.net.ConnectException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stage that fails: its done hook carries the error, the request fails with HttpClient's usual
 * exception, and nothing after the failed stage fires. Names resolve through the test hosts file only.
 */
class ConnectionFailureTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .build();

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Test
    void unknownHostFailsInDnsDone() {
        RecordingClientTrace trace = new RecordingClientTrace();

        assertThatThrownBy(() -> TracedCalls.get(client, "http://does-not-exist.test/", trace))
                .isInstanceOf(UnknownHostException.class);

        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone");
        DnsDone done = trace.first(DnsDone.class);
        assertThat(done.info().err()).isInstanceOf(UnknownHostException.class);
        assertThat(done.info().addrs()).isEmpty();
        assertThat(trace.pairingViolations()).isEmpty();
    }

    @Test
    void refusedConnectFailsInConnectDone() {
        int port = LoopbackPorts.closedPort();
        RecordingClientTrace trace = new RecordingClientTrace();

        assertThatThrownBy(() -> TracedCalls.get(client, "http://127.0.0.1:" + port + "/", trace))
                .isInstanceOf(ConnectException.class);

        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone");
        ConnectDone done = trace.first(ConnectDone.class);
        assertThat(done.addr()).isEqualTo("127.0.0.1:" + port);
        assertThat(done.err()).isInstanceOf(ConnectException.class);
    }

    @Test
    void untrustedCertificateFailsInTlsHandshakeDone() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(TestCertificates.generate("localhost"));
                CloseableHttpClient trusting = TracingHttpClients.custom()
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                        .build()) {
            RecordingClientTrace trace = new RecordingClientTrace();

            assertThatThrownBy(() -> TracedCalls.get(trusting, server.url("localhost", "/"), trace))
                    .isInstanceOf(SSLHandshakeException.class);

            assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                    "tlsHandshakeStart", "tlsHandshakeDone");
            TlsHandshakeDone done = trace.first(TlsHandshakeDone.class);
            assertThat(done.err()).isInstanceOf(SSLHandshakeException.class);
            assertThat(done.state().handshakeComplete()).isFalse();
            assertThat(done.state().protocol()).isEmpty();
            assertThat(done.state().serverName()).isEqualTo("localhost");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void hostNameMismatchFailsInTlsHandshakeDone() throws Exception {
        // other.test resolves to 127.0.0.1, but the certificate names only localhost and 127.0.0.1
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS)) {
            RecordingClientTrace trace = new RecordingClientTrace();

            assertThatThrownBy(() -> TracedCalls.get(client, server.url("other.test", "/"), trace))
                    .isInstanceOf(SSLException.class);

            assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                    "tlsHandshakeStart", "tlsHandshakeDone");
            TlsHandshakeDone done = trace.first(TlsHandshakeDone.class);
            assertThat(done.err()).isInstanceOf(SSLException.class);
            assertThat(done.state().handshakeComplete()).isFalse();
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void failedConnectionIsNotLeftInThePool() throws Exception {
        int port = LoopbackPorts.closedPort();
        try (PooledClient probe = PooledClient.of(TracingHttpClients.custom())) {
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> TracedCalls.get(probe.client(), "http://127.0.0.1:" + port + "/", new RecordingClientTrace()))
                        .isInstanceOf(ConnectException.class);
            }
            assertThat(probe.pool().getTotalStats().getLeased()).isZero();
            assertThat(probe.pool().getTotalStats().getAvailable()).isZero();
        }
    }
}
