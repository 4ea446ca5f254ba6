package dev.httptrace.exchange;

import java.net.URI;
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
 * {@link ExchangeTraceFactory}, itself the request's first attempt; each hook that ends an attempt hands it to the
 * listener, and no hook writes to it again. A {@code getConn} after that (the client retries the request) starts the
 * next attempt in a new {@link RecordedExchange}, so that a recorder may keep an ended attempt as it is, without a
 * copy. Hooks of one attempt come one after the other (the transport calls them in order, possibly from two threads:
 * the body's end on the thread that reads it).
 *
 * <p>Of the request's URI only its scheme, host and port are kept (the strings the URI already holds).
 */
final class TimelineTrace extends ExchangeTimeline implements ClientTrace {

    private final ExchangeListener listener;

    /** The attempt the hooks write to: this one, then one per retry. */
    private ExchangeTimeline current = this;

    TimelineTrace(ExchangeListener listener, String method, URI uri, @Nullable String uriTemplate,
            @Nullable String traceId) {
        this.listener = listener;
        this.method = method;
        String uriScheme = uri.getScheme();
        this.scheme = uriScheme == null ? "http" : uriScheme;
        String uriHost = uri.getHost();
        this.host = uriHost == null ? "none" : uriHost;
        this.port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        this.uriTemplate = uriTemplate;
        this.traceId = traceId;
    }

    /** The wall clock now, less the time since {@code getConn}: no clock read of its own per request. */
    @Override
    long startMillis() {
        long now = System.currentTimeMillis();
        long start = getConnAt;
        return start == ABSENT ? now : now - (System.nanoTime() - start) / 1_000_000;
    }

    /** A stamp that keeps its first value: {@code stamp} when set, else now. */
    private static long first(long stamp) {
        return stamp == ABSENT ? System.nanoTime() : stamp;
    }

    private static void failed(ExchangeTimeline t, @Nullable Throwable err) {
        if (err != null && t.errorType == null) {
            t.errorType = err.getClass();
        }
    }

    private void end(Outcome how, @Nullable Throwable err) {
        ExchangeTimeline t = current;
        if (t.outcome != Outcome.IN_FLIGHT) {
            return;
        }
        t.endAt = System.nanoTime();
        t.outcome = how;
        failed(t, err);
        listener.exchangeDone(t);
    }

    @Override
    public void getConn(String hostPort) {
        ExchangeTimeline t = current;
        if (t.outcome != Outcome.IN_FLIGHT) {
            t = nextAttempt();
            current = t;
        }
        t.clearStamps();
        t.getConnAt = System.nanoTime();
        t.outcome = Outcome.IN_FLIGHT;
        t.status = 0;
        t.errorType = null;
        t.reused = false;
        t.idleNanos = -1;
        t.connectAttempts = 0;
        t.remote = null;
        t.local = null;
        t.tlsProtocol = null;
        t.tlsCipherSuite = null;
    }

    /** A new attempt of the same request, after one that ended (which stays as it was). */
    private RecordedExchange nextAttempt() {
        RecordedExchange next = new RecordedExchange();
        next.startMillis = System.currentTimeMillis();
        next.method = method;
        next.scheme = scheme;
        next.host = host;
        next.port = port;
        next.uriTemplate = uriTemplate;
        next.traceId = traceId;
        return next;
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        current.dnsStartAt = System.nanoTime();
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        ExchangeTimeline t = current;
        t.dnsDoneAt = System.nanoTime();
        failed(t, info.err());
    }

    @Override
    public void connectStart(String network, String addr) {
        ExchangeTimeline t = current;
        t.connectStartAt = first(t.connectStartAt);
        t.connectAttempts++;
        t.remote = addr;
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        ExchangeTimeline t = current;
        t.connectDoneAt = System.nanoTime();
        t.remote = addr;
        // an earlier address failed, this one connected: no error
        t.errorType = err == null ? null : err.getClass();
    }

    @Override
    public void tlsHandshakeStart() {
        current.tlsStartAt = System.nanoTime();
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        ExchangeTimeline t = current;
        t.tlsDoneAt = System.nanoTime();
        t.tlsProtocol = state.protocol().isEmpty() ? null : state.protocol();
        t.tlsCipherSuite = state.cipherSuite().isEmpty() ? null : state.cipherSuite();
        failed(t, err);
    }

    @Override
    public void gotConn(GotConnInfo info) {
        ExchangeTimeline t = current;
        t.gotConnAt = System.nanoTime();
        t.reused = info.reused();
        t.idleNanos = info.wasIdle() ? info.idleTime().toNanos() : -1;
        t.remote = info.conn().remoteAddress();
        t.local = info.conn().localAddress();
    }

    @Override
    public void wroteHeaders() {
        current.wroteHeadersAt = System.nanoTime();
    }

    @Override
    public void wait100Continue() {
        current.wait100ContinueAt = System.nanoTime();
    }

    @Override
    public void got100Continue() {
        current.got100ContinueAt = System.nanoTime();
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        current.got1xxAt = first(current.got1xxAt);
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        ExchangeTimeline t = current;
        t.wroteRequestAt = System.nanoTime();
        failed(t, info.err());
    }

    @Override
    public void gotFirstResponseByte() {
        current.firstByteAt = first(current.firstByteAt);
    }

    @Override
    public void gotFinalResponse(int code) {
        ExchangeTimeline t = current;
        t.finalResponseAt = System.nanoTime();
        t.status = code;
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
