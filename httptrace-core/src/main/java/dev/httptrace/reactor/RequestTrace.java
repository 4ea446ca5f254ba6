package dev.httptrace.reactor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;

import dev.httptrace.ClientTrace;
import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import dev.httptrace.internal.HeaderMaps;
import dev.httptrace.internal.HostPorts;
import dev.httptrace.internal.TlsStates;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * One request's trace as it travels in the Reactor context, with what the hooks so far decided (a connection
 * obtained, the first byte seen, the body done), so that each hook fires once and in order. Every hook runs guarded:
 * what a trace throws goes to the {@link HookErrorHandler}, never into the request; nothing is allocated per hook
 * beyond the hook's own arguments. Hooks come from Reactor Netty's
 * event loops (the lookup from the resolver's); they are serialized on this object.
 */
final class RequestTrace {

    private final ClientTrace trace;

    private final String host;

    private final String hostPort;

    private final HookErrorHandler errors;

    private boolean gotConn;

    /** A lookup started and its end not reported yet. */
    private boolean lookingUp;

    private boolean firstByte;

    private boolean ended;

    /**
     * The first attempt is over and Reactor Netty goes on with another (a redirect it follows): the hooks of the
     * hops after the first are not traced yet, so they are dropped, keeping the first attempt's sequence whole.
     */
    private boolean beyondFirstAttempt;

    private boolean bodyDone;

    private boolean putIdle;

    RequestTrace(ClientTrace trace, URI uri, HookErrorHandler errors) {
        this.trace = trace;
        String uriHost = uri.getHost();
        this.host = uriHost == null ? "" : uriHost;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        this.hostPort = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        this.errors = errors;
    }

    /** Reports what a hook threw; never into the request, not even the handler's own failure. */
    private void hookFailed(String hook, RuntimeException ex) {
        try {
            errors.hookFailed(hook, ex);
        } catch (RuntimeException ignored) {
            // the error handler's own failure must not reach the request either
        }
    }

    synchronized void getConn() {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            trace.getConn(hostPort);
        } catch (RuntimeException ex) {
            hookFailed("getConn", ex);
        }
    }

    synchronized void dnsStart() {
        if (beyondFirstAttempt) {
            return;
        }
        lookingUp = true;
        try {
            trace.dnsStart(new DnsStartInfo(host));
        } catch (RuntimeException ex) {
            hookFailed("dnsStart", ex);
        }
    }

    /**
     * The lookup ended. Reactor Netty reports it on the resolver's event loop, which may run after the channel's loop
     * began to connect to the address found: the first {@code connectStart} then reports it first, and this late
     * report is dropped.
     */
    synchronized void dnsDone(@Nullable InetSocketAddress resolved, @Nullable Throwable err) {
        if (!lookingUp || beyondFirstAttempt) {
            return;
        }
        lookingUp = false;
        DnsDoneInfo info = err != null || resolved == null || resolved.getAddress() == null
                ? new DnsDoneInfo(List.of(), err, false) : new DnsDoneInfo(List.of(resolved.getAddress()), null, false);
        try {
            trace.dnsDone(info);
        } catch (RuntimeException ex) {
            hookFailed("dnsDone", ex);
        }
    }

    synchronized void connectStart(InetSocketAddress address, String addr) {
        if (beyondFirstAttempt) {
            return;
        }
        if (lookingUp) {
            dnsDone(address, null); // connecting to it: the lookup found it
        }
        try {
            trace.connectStart("tcp", addr);
        } catch (RuntimeException ex) {
            hookFailed("connectStart", ex);
        }
    }

    synchronized void connectDone(String addr, @Nullable Throwable err) {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            trace.connectDone("tcp", addr, err);
        } catch (RuntimeException ex) {
            hookFailed("connectDone", ex);
        }
    }

    synchronized void tlsHandshakeStart() {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            trace.tlsHandshakeStart();
        } catch (RuntimeException ex) {
            hookFailed("tlsHandshakeStart", ex);
        }
    }

    /** The handshake of {@code engine} ended, with {@code err} when it failed. */
    synchronized void tlsHandshakeDone(SSLEngine engine, @Nullable Throwable err) {
        if (beyondFirstAttempt) {
            return;
        }
        String serverName = host.isEmpty() || HostPorts.isIpLiteral(host) ? null : host;
        TlsConnectionState state = err == null ? TlsStates.completed(engine.getSession(), engine.getApplicationProtocol(),
                serverName) : TlsStates.failed(serverName);
        try {
            trace.tlsHandshakeDone(state, err);
        } catch (RuntimeException ex) {
            hookFailed("tlsHandshakeDone", ex);
        }
    }

    synchronized void gotConn(String id, InetSocketAddress local, InetSocketAddress remote, long idleNanos) {
        if (gotConn) {
            beyondFirstAttempt = true; // a connection for the next hop
            return;
        }
        gotConn = true;
        boolean reused = idleNanos >= 0;
        GotConnInfo info = new GotConnInfo(new ConnectionInfo(id, local, remote), reused, reused,
                reused ? Duration.ofNanos(Math.max(1, idleNanos)) : Duration.ZERO);
        try {
            trace.gotConn(info);
        } catch (RuntimeException ex) {
            hookFailed("gotConn", ex);
        }
    }

    synchronized void wroteHeaders() {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            trace.wroteHeaders();
        } catch (RuntimeException ex) {
            hookFailed("wroteHeaders", ex);
        }
    }

    synchronized void wroteRequest(@Nullable Throwable err) {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            trace.wroteRequest(err == null ? WroteRequestInfo.OK : new WroteRequestInfo(err));
        } catch (RuntimeException ex) {
            hookFailed("wroteRequest", ex);
        }
    }

    synchronized void firstByte() {
        if (firstByte || !gotConn || beyondFirstAttempt) {
            return;
        }
        firstByte = true;
        try {
            trace.gotFirstResponseByte();
        } catch (RuntimeException ex) {
            hookFailed("gotFirstResponseByte", ex);
        }
    }

    /** The head of an interim response (not {@code 101}), before Reactor Netty handles it. */
    synchronized void interimResponse(int code, HttpHeaders headers) {
        if (!gotConn || ended || beyondFirstAttempt) {
            return;
        }
        try {
            trace.got1xxResponse(code, HeaderMaps.of(headers, Map.Entry::getKey, Map.Entry::getValue));
        } catch (RuntimeException ex) {
            hookFailed("got1xxResponse", ex);
        }
    }

    /**
     * The response Reactor Netty hands to the application. When that is an interim one (Reactor Netty takes a
     * {@code 103} as final), the attempt failed: the real response was never read.
     */
    synchronized void gotFinalResponse(int code) {
        if (beyondFirstAttempt) {
            return;
        }
        if (code >= 100 && code < 200 && code != 101) {
            failed(new InterimResponseAsFinalException(code));
        } else {
            finalResponse(code);
        }
    }

    synchronized void responseBodyDone(@Nullable Throwable err) {
        if (!beyondFirstAttempt) {
            bodyDone(err);
        }
    }

    /**
     * The connection went back to the pool, which kept it ({@code err} null) or not: once, after the body's end (a
     * failed exchange's is not reported).
     */
    synchronized void putIdleConn(@Nullable Throwable err) {
        if (putIdle || !bodyDone) {
            return;
        }
        putIdle = true;
        try {
            trace.putIdleConn(err);
        } catch (RuntimeException ex) {
            hookFailed("putIdleConn", ex);
        }
    }

    /**
     * The first attempt's response is a redirect Reactor Netty follows: it ends that attempt, even when the next
     * hop's connection came first, and the later hops are dropped.
     */
    synchronized void redirected(int code) {
        if (!ended) {
            finalResponse(code);
            bodyDone(null);
        }
        beyondFirstAttempt = true;
    }

    /** The request failed before its response's head: before a connection ({@code getConnFailed}) or on it. */
    synchronized void failed(Throwable err) {
        if (ended || beyondFirstAttempt) {
            return;
        }
        ended = true;
        try {
            if (gotConn) {
                trace.exchangeFailed(err);
            } else {
                trace.getConnFailed(err);
            }
        } catch (RuntimeException ex) {
            hookFailed(gotConn ? "exchangeFailed" : "getConnFailed", ex);
        }
    }

    private void finalResponse(int code) {
        try {
            trace.gotFinalResponse(code);
        } catch (RuntimeException ex) {
            hookFailed("gotFinalResponse", ex);
        }
    }

    private void bodyDone(@Nullable Throwable err) {
        if (ended) {
            return;
        }
        ended = true;
        bodyDone = true;
        try {
            trace.responseBodyDone(err == null ? ResponseBodyInfo.OK : new ResponseBodyInfo(err));
        } catch (RuntimeException ex) {
            hookFailed("responseBodyDone", ex);
        }
    }
}
