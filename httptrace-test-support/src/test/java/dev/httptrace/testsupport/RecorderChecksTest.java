package dev.httptrace.testsupport;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.WroteRequestInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorder's own rules catch what they promise to catch (these recorders are fed by hand, not by the transport). */
class RecorderChecksTest {

    private static final ConnectionInfo CONN = new ConnectionInfo("c-1", new InetSocketAddress("127.0.0.1", 50000),
            new InetSocketAddress("127.0.0.1", 8080));

    private final RecordingClientTrace trace = new RecordingClientTrace();

    @AfterEach
    void notCheckedAfterwards() {
        // they break the rules on purpose
        RecordingClientTrace.CREATED.clear();
    }

    private void pooledExchange() {
        trace.getConn("127.0.0.1:8080");
        trace.gotConn(new GotConnInfo(CONN, true, true, Duration.ofMillis(3)));
        trace.wroteHeaders();
        trace.wroteRequest(WroteRequestInfo.OK);
        trace.gotFirstResponseByte();
        trace.gotFinalResponse(200);
    }

    @Test
    void aCompleteExchangeKeepsEveryRule() {
        pooledExchange();
        trace.responseBodyDone(ResponseBodyInfo.OK);
        trace.putIdleConn(null);

        assertThat(trace.violations()).isEmpty();
        assertThat(trace.names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.allNames()).contains("gotFinalResponse", "responseBodyDone");
    }

    @Test
    void putIdleConnBeforeTheBodyEndedIsOutOfOrder() {
        pooledExchange();
        trace.putIdleConn(null);

        assertThat(trace.violations()).singleElement().asString().contains("putIdleConn must follow responseBodyDone");
    }

    @Test
    void aReusedConnectionWithoutIdleTimeIsIncoherent() {
        trace.getConn("127.0.0.1:8080");
        trace.gotConn(new GotConnInfo(CONN, true, true, Duration.ZERO));

        assertThat(trace.violations()).singleElement().asString().contains("reused, wasIdle and idle time disagree");
    }

    @Test
    void anAttemptWithoutGotConnOrGetConnFailedIsCaughtAtTheNextAttempt() {
        trace.getConn("127.0.0.1:8080");
        trace.connectStart("tcp", "127.0.0.1:8080");
        trace.connectDone("tcp", "127.0.0.1:8080", new ConnectException("refused"));
        trace.getConn("127.0.0.1:8080");
        trace.getConnFailed(new ConnectException("refused"));

        assertThat(trace.violations()).singleElement().asString().contains("neither gotConn nor getConnFailed");
    }

    @Test
    void exchangeFailedAfterTheFinalResponseAndAFailedLookupWithAddressesAreCaught() {
        pooledExchange();
        trace.exchangeFailed(new SocketTimeoutException("Read timed out"));
        trace.getConn("example.test:80");
        trace.dnsStart(new DnsStartInfo("example.test"));
        trace.dnsDone(new DnsDoneInfo(List.of(CONN.remoteAddress().getAddress()), new UnknownHostException("example.test"), false));

        assertThat(trace.violations()).hasSize(2).anySatisfy(v -> assertThat(v).contains("exchangeFailed", "out of order"))
                .anySatisfy(v -> assertThat(v).contains("dnsDone must have addresses exactly when it has no error"));
    }
}
