package dev.httptrace.hc5;

import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.GotFirstResponseByte;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.RecordingClientTrace.WroteRequest;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A new HTTPS connection: the handshake between connect and gotConn, with the negotiated state. */
class TlsHandshakeTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private final LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS)
            .respondSlowly("/slow", Duration.ofMillis(300), "slow");

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .build();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void handshakeComesBetweenConnectAndGotConn() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.get(client, server.url("localhost", "/"), trace);

        assertThat(result.body()).isEqualTo("hello");
        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.pairingViolations()).isEmpty();
    }

    @Test
    void reportsTheNegotiatedState() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/"), trace);

        TlsHandshakeDone done = trace.first(TlsHandshakeDone.class);
        TlsConnectionState state = done.state();
        assertThat(done.err()).isNull();
        assertThat(state.handshakeComplete()).isTrue();
        assertThat(state.protocol()).isEqualTo("TLSv1.3");
        assertThat(state.cipherSuite()).startsWith("TLS_");
        assertThat(state.serverName()).isEqualTo("localhost");
        assertThat(state.negotiatedProtocol()).as("HttpClient's classic TLS strategy offers no ALPN").isNull();
        assertThat(state.peerCertificates()).containsExactly(CERTS.serverCertificate(), CERTS.caCertificate());
    }

    @Test
    void reportsAlpnWhenTheClientOffersIt() throws Exception {
        // a TLS strategy of the user's own, offering http/1.1 through ALPN: it is honoured and the outcome reported
        try (LoopbackHttpServer alpnServer = LoopbackHttpServer.startTls(CERTS, "http/1.1");
                CloseableHttpClient alpnClient = TracingHttpClients.custom()
                        .setTlsSocketStrategy(new AlpnTlsStrategy(CERTS.clientSslContext(), "http/1.1"))
                        .build()) {
            RecordingClientTrace trace = new RecordingClientTrace();

            TracedCalls.get(alpnClient, alpnServer.url("localhost", "/"), trace);

            assertThat(trace.first(TlsHandshakeDone.class).state().negotiatedProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void ipLiteralHasNoServerName() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("/"), trace);

        assertThat(trace.first(TlsHandshakeDone.class).state().serverName()).isNull();
    }

    @Test
    void firstResponseByteIsTheResponseNotTheSessionTicket() throws Exception {
        // TLS 1.3 servers send a session ticket after the handshake; the client reads it together with the
        // response. The response here comes 300 ms after the request: a first byte seen sooner would be the ticket.
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/slow"), trace);

        assertThat(trace.first(TlsHandshakeDone.class).state().protocol()).isEqualTo("TLSv1.3");
        assertThat(Duration.ofNanos(trace.nanosBetween(WroteRequest.class, GotFirstResponseByte.class)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void reusedHttpsConnectionHasNoHandshake() throws Exception {
        TracedCalls.get(client, server.url("localhost", "/"), new RecordingClientTrace());
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/"), trace);

        assertThat(trace.names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
    }

    /** A user's own TLS strategy that offers ALPN protocols. */
    private static final class AlpnTlsStrategy extends DefaultClientTlsStrategy {

        private final String[] protocols;

        AlpnTlsStrategy(SSLContext context, String... protocols) {
            super(context);
            this.protocols = protocols;
        }

        @Override
        protected void initializeSocket(SSLSocket socket) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(protocols);
            socket.setSSLParameters(parameters);
        }
    }
}
