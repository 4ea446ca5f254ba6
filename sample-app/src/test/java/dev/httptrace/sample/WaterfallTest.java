package dev.httptrace.sample;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import dev.httptrace.sample.Waterfall.Phase;
import dev.httptrace.sample.Waterfall.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The phases a {@link Waterfall} derives from the hooks, on a clock that advances 1 ms per reading. */
class WaterfallTest {

    private long now;

    private final Waterfall waterfall = new Waterfall(() -> this.now += 1_000_000);

    @Test
    void newHttpsConnectionHasEveryPhaseEndToEnd() {
        this.waterfall.getConn("localhost:443");                          // 1 ms: the start
        this.waterfall.dnsStart(new DnsStartInfo("localhost"));           // 2
        this.waterfall.dnsDone(new DnsDoneInfo(List.of(loopback()), null, false)); // 3
        this.waterfall.connectStart("tcp", "127.0.0.1:443");              // 4
        this.waterfall.connectDone("tcp", "127.0.0.1:443", null);         // 5
        this.waterfall.tlsHandshakeStart();                               // 6
        this.waterfall.tlsHandshakeDone(tls(), null);                     // 7
        this.waterfall.gotConn(connection(false));                        // 8
        this.waterfall.wroteRequest(new WroteRequestInfo(null));          // 9
        this.waterfall.gotFirstResponseByte();                            // 10
        this.waterfall.responseReceived();                                // 11
        this.waterfall.putIdleConn(null);
        this.waterfall.bodyRead();                                        // 12

        assertThat(this.waterfall.span(Phase.DNS_LOOKUP)).isEqualTo(span(1, 2));
        assertThat(this.waterfall.span(Phase.TCP_CONNECT)).isEqualTo(span(3, 4));
        assertThat(this.waterfall.span(Phase.TLS_HANDSHAKE)).isEqualTo(span(5, 6));
        assertThat(this.waterfall.span(Phase.SERVER_PROCESSING)).isEqualTo(span(7, 9));
        assertThat(this.waterfall.span(Phase.CONTENT_TRANSFER)).isEqualTo(span(9, 11));
        assertThat(this.waterfall.total()).isEqualTo(Duration.ofMillis(11));
        assertThat(this.waterfall.keptAlive()).isTrue();
        assertThat(this.waterfall.failedPhase()).isNull();
    }

    @Test
    void reusedConnectionHasNoDnsConnectOrTlsPhase() {
        this.waterfall.getConn("localhost:80");
        this.waterfall.gotConn(connection(true));
        this.waterfall.wroteRequest(new WroteRequestInfo(null));
        this.waterfall.gotFirstResponseByte();
        this.waterfall.bodyRead();

        assertThat(this.waterfall.span(Phase.DNS_LOOKUP)).isNull();
        assertThat(this.waterfall.span(Phase.TCP_CONNECT)).isNull();
        assertThat(this.waterfall.span(Phase.TLS_HANDSHAKE)).isNull();
        assertThat(this.waterfall.span(Phase.SERVER_PROCESSING)).isEqualTo(span(1, 3));
        assertThat(this.waterfall.span(Phase.CONTENT_TRANSFER)).isEqualTo(span(3, 4));
        assertThat(this.waterfall.connection().reused()).isTrue();
        assertThat(this.waterfall.keptAlive()).isFalse();
    }

    @Test
    void afterOneHundredContinueServerProcessingEndsWhenTheFinalResponseHeadArrives() {
        this.waterfall.getConn("localhost:80");
        this.waterfall.gotConn(connection(true));                         // 2
        this.waterfall.wroteHeaders();
        this.waterfall.wait100Continue();                                 // 3
        this.waterfall.gotFirstResponseByte();                            // 4: the "100 Continue" line
        this.waterfall.got100Continue();                                  // 5
        this.waterfall.got1xxResponse(100, Map.of());
        this.waterfall.wroteRequest(new WroteRequestInfo(null));          // 6
        this.waterfall.responseReceived();                                // 7: the final response head
        this.waterfall.bodyRead();                                        // 8

        assertThat(this.waterfall.span(Phase.SERVER_PROCESSING)).isEqualTo(span(1, 6));
        assertThat(this.waterfall.span(Phase.CONTENT_TRANSFER)).isEqualTo(span(6, 7));
        assertThat(this.waterfall.expectedContinue()).isTrue();
        assertThat(this.waterfall.continueWait()).isEqualTo(Duration.ofMillis(2));
        assertThat(this.waterfall.continueWaitAndBody()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void retryKeepsOnlyTheLastAttemptsPhasesAndCountsFromTheFirst() {
        this.waterfall.getConn("localhost:80");                           // 1: the start
        this.waterfall.gotConn(connection(true));                         // 2: a stale pooled connection
        this.waterfall.getConn("localhost:80");                           // 3: HttpClient retries
        this.waterfall.connectStart("tcp", "127.0.0.1:80");               // 4
        this.waterfall.connectDone("tcp", "127.0.0.1:80", null);          // 5
        this.waterfall.gotConn(connection(false));                        // 6
        this.waterfall.gotFirstResponseByte();                            // 7
        this.waterfall.bodyRead();                                        // 8

        assertThat(this.waterfall.attempts()).isEqualTo(2);
        assertThat(this.waterfall.connection().reused()).isFalse();
        assertThat(this.waterfall.span(Phase.TCP_CONNECT)).isEqualTo(span(3, 4));
        assertThat(this.waterfall.span(Phase.SERVER_PROCESSING)).isEqualTo(span(5, 6));
        assertThat(this.waterfall.total()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void refusedConnectIsTheFailedPhaseAndTheRequestHasNoTotal() {
        this.waterfall.getConn("127.0.0.1:1");
        this.waterfall.connectStart("tcp", "127.0.0.1:1");
        this.waterfall.connectDone("tcp", "127.0.0.1:1", new ConnectException("Connection refused"));

        assertThat(this.waterfall.failedPhase()).isEqualTo(Phase.TCP_CONNECT);
        assertThat(this.waterfall.span(Phase.TCP_CONNECT)).isEqualTo(new Span(1_000_000, 2_000_000, true));
        assertThat(this.waterfall.span(Phase.SERVER_PROCESSING)).isNull();
        assertThat(this.waterfall.total()).isNull();
    }

    @Test
    void secondAddressThatConnectsEndsTheConnectPhaseWithoutFailure() {
        this.waterfall.getConn("multi.test:80");
        this.waterfall.connectStart("tcp", "127.0.0.2:80");
        this.waterfall.connectDone("tcp", "127.0.0.2:80", new ConnectException("Connection refused"));
        this.waterfall.connectStart("tcp", "127.0.0.1:80");
        this.waterfall.connectDone("tcp", "127.0.0.1:80", null);

        assertThat(this.waterfall.span(Phase.TCP_CONNECT)).isEqualTo(span(1, 4));
        assertThat(this.waterfall.connectAttempts()).isEqualTo(2);
        assertThat(this.waterfall.failedPhase()).isNull();
    }

    private static Span span(int startMillis, int endMillis) {
        return new Span(startMillis * 1_000_000L, endMillis * 1_000_000L, false);
    }

    static GotConnInfo connection(boolean reused) {
        InetSocketAddress local = new InetSocketAddress(loopback(), 50000);
        InetSocketAddress remote = new InetSocketAddress(loopback(), 8080);
        return new GotConnInfo(new ConnectionInfo("http-outgoing-0", local, remote), reused, reused,
                reused ? Duration.ofMillis(12) : Duration.ZERO);
    }

    static TlsConnectionState tls() {
        return new TlsConnectionState("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, "localhost", List.of(), true);
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException ex) {
            throw new AssertionError(ex);
        }
    }
}
