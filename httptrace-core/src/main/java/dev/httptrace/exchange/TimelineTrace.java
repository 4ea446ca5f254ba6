package dev.httptrace.exchange;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ClientTrace} that stamps an {@link ExchangeTimeline}: one per request, made by
 * {@link ExchangeTraceFactory}; each {@code getConn} starts a new attempt on the same object, each hook that ends one
 * hands it to the listener. Hooks of one attempt come one after the
 * other (the transport calls them in order, possibly from two threads: the body's end on the thread that reads it).
 */
final class TimelineTrace extends ExchangeTimeline implements ClientTrace {

    private final ExchangeListener listener;

    /** The request's URI, held while the request runs; a copy keeps only its scheme, host and port. */
    private final URI uri;

    TimelineTrace(ExchangeListener listener, String method, URI uri, @Nullable String uriTemplate,
            @Nullable String traceId) {
        this.listener = listener;
        this.method = method;
        this.uri = uri;
        this.uriTemplate = uriTemplate;
        this.traceId = traceId;
    }

    /** The wall clock now, less the time since {@code getConn}: no clock read of its own per request. */
    @Override
    long startMillis() {
        long now = System.currentTimeMillis();
        long start = at[Mark.GET_CONN.ordinal()];
        return start == ABSENT ? now : now - (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    String scheme() {
        String scheme = uri.getScheme();
        return scheme == null ? "http" : scheme;
    }

    @Override
    int port() {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme()) ? 443 : 80;
    }

    @Override
    public String clientName() {
        String host = uri.getHost();
        return host == null ? "none" : host;
    }

    private void stamp(Mark mark) {
        at[mark.ordinal()] = System.nanoTime();
    }

    private void stampFirst(Mark mark) {
        if (at[mark.ordinal()] == ABSENT) {
            at[mark.ordinal()] = System.nanoTime();
        }
    }

    private void failed(@Nullable Throwable err) {
        if (err != null && errorType == null) {
            errorType = err.getClass();
        }
    }

    private void end(Outcome how, @Nullable Throwable err) {
        if (outcome != Outcome.IN_FLIGHT) {
            return;
        }
        stamp(Mark.END);
        outcome = how;
        failed(err);
        listener.exchangeDone(this);
    }

    @Override
    public void getConn(String hostPort) {
        Arrays.fill(at, ABSENT);
        stamp(Mark.GET_CONN);
        outcome = Outcome.IN_FLIGHT;
        status = 0;
        errorType = null;
        reused = false;
        idleNanos = -1;
        connectAttempts = 0;
        remote = null;
        local = null;
        tlsProtocol = null;
        tlsCipherSuite = null;
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        stamp(Mark.DNS_START);
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        stamp(Mark.DNS_DONE);
        failed(info.err());
    }

    @Override
    public void connectStart(String network, String addr) {
        stampFirst(Mark.CONNECT_START);
        connectAttempts++;
        remote = addr;
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        stamp(Mark.CONNECT_DONE);
        remote = addr;
        if (err == null) {
            errorType = null; // an earlier address failed, this one connected
        } else {
            errorType = err.getClass();
        }
    }

    @Override
    public void tlsHandshakeStart() {
        stamp(Mark.TLS_START);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        stamp(Mark.TLS_DONE);
        tlsProtocol = state.protocol().isEmpty() ? null : state.protocol();
        tlsCipherSuite = state.cipherSuite().isEmpty() ? null : state.cipherSuite();
        failed(err);
    }

    @Override
    public void gotConn(GotConnInfo info) {
        stamp(Mark.GOT_CONN);
        reused = info.reused();
        idleNanos = info.wasIdle() ? info.idleTime().toNanos() : -1;
        remote = info.conn().remoteAddress();
        local = info.conn().localAddress();
    }

    @Override
    public void wroteHeaders() {
        stamp(Mark.WROTE_HEADERS);
    }

    @Override
    public void wait100Continue() {
        stamp(Mark.WAIT_100_CONTINUE);
    }

    @Override
    public void got100Continue() {
        stamp(Mark.GOT_100_CONTINUE);
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        stampFirst(Mark.GOT_1XX);
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        stamp(Mark.WROTE_REQUEST);
        failed(info.err());
    }

    @Override
    public void gotFirstResponseByte() {
        stampFirst(Mark.FIRST_BYTE);
    }

    @Override
    public void gotFinalResponse(int code) {
        stamp(Mark.FINAL_RESPONSE);
        status = code;
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        end(Outcome.COMPLETE, info.err());
    }

    @Override
    public void exchangeFailed(Throwable err) {
        end(Outcome.EXCHANGE_FAILED, err);
    }

    @Override
    public void getConnFailed(Throwable err) {
        end(Outcome.GET_CONN_FAILED, err);
    }
}
