package dev.httptrace;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every hook of a request at DEBUG, one line each, with the time since the request started:
 * <pre>
 * GET example.org:443 +0.0 ms getConn example.org:443
 * GET example.org:443 +0.1 ms dnsStart example.org
 * GET example.org:443 +4.7 ms dnsDone [93.184.215.14]
 * </pre>
 * Lines name the request by method and {@code host:port} only: no path, query, user-info or header
 * value is ever logged ({@code got1xxResponse} logs the status and the header names). Logger
 * {@code dev.httptrace.LoggingClientTrace}. Reach it through {@link #factory()}, which returns
 * {@link ClientTrace#NONE} (no per-request cost) while DEBUG is off.
 */
public final class LoggingClientTrace implements ClientTrace {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingClientTrace.class);

    private final String request;

    private final long start = System.nanoTime();

    private LoggingClientTrace(String request) {
        this.request = request;
    }

    /** A factory of one logging trace per request. */
    public static ClientTraceFactory factory() {
        return traced -> LOG.isDebugEnabled() ? new LoggingClientTrace(describe(traced)) : ClientTrace.NONE;
    }

    private static String describe(TracedRequest traced) {
        URI uri = traced.uri();
        String host = uri.getHost() == null ? "?" : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return traced.method() + " " + host + ":" + port;
    }

    private void log(String hook, @Nullable Object detail) {
        double elapsed = (System.nanoTime() - start) / 1_000_000.0;
        if (detail == null) {
            LOG.debug("{} +{} ms {}", request, String.format("%.1f", elapsed), hook);
        } else {
            LOG.debug("{} +{} ms {} {}", request, String.format("%.1f", elapsed), hook, detail);
        }
    }

    private static String error(@Nullable Throwable err) {
        return err == null ? "ok" : "failed: " + err.getClass().getSimpleName() + ": " + err.getMessage();
    }

    @Override
    public void getConn(String hostPort) {
        log("getConn", hostPort);
    }

    @Override
    public void gotConn(GotConnInfo info) {
        log("gotConn", info.conn().id() + (info.reused() ? " reused, idle " + info.idleTime().toMillis() + " ms" : " new")
                + " " + info.conn().localAddress() + " -> " + info.conn().remoteAddress());
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        log("putIdleConn", error(err));
    }

    @Override
    public void gotFirstResponseByte() {
        log("gotFirstResponseByte", null);
    }

    @Override
    public void got100Continue() {
        log("got100Continue", null);
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        log("got1xxResponse", code + " " + headers.keySet());
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        log("dnsStart", info.host());
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        log("dnsDone", info.err() == null ? info.addrs() : error(info.err()));
    }

    @Override
    public void connectStart(String network, String addr) {
        log("connectStart", network + " " + addr);
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        log("connectDone", network + " " + addr + " " + error(err));
    }

    @Override
    public void tlsHandshakeStart() {
        log("tlsHandshakeStart", null);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        log("tlsHandshakeDone", err != null ? error(err)
                : state.protocol() + " " + state.cipherSuite() + (state.negotiatedProtocol() == null ? "" : " alpn=" + state.negotiatedProtocol()));
    }

    @Override
    public void wroteHeaders() {
        log("wroteHeaders", null);
    }

    @Override
    public void wait100Continue() {
        log("wait100Continue", null);
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        log("wroteRequest", error(info.err()));
    }

    @Override
    public void getConnFailed(Throwable err) {
        log("getConnFailed", error(err));
    }

    @Override
    public void exchangeFailed(Throwable err) {
        log("exchangeFailed", error(err));
    }

    @Override
    public void gotFinalResponse(int code) {
        log("gotFinalResponse", code);
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        log("responseBodyDone", error(info.err()));
    }

    @Override
    public String toString() {
        return "LoggingClientTrace[" + request + "]";
    }
}
